// The five district HQs (総合支所) of Minato City, by the ids the API and the live scopes use.
export const Districts = ["shiba", "azabu", "akasaka", "takanawa", "shibaura-konan"];
