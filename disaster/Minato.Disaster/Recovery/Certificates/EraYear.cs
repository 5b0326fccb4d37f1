namespace Minato.Disaster.Recovery.Certificates;

/// <summary>A Japanese era year: <c>R</c>/令和/8 for 2026. <see cref="Code"/> is <c>R8</c>, <see cref="Text"/> 令和8年 (元年 for year
/// 1).</summary>
public readonly record struct EraYear(char Letter, string Name, int Year)
{
    public string Code => $"{Letter}{Year}";

    public string Text => Year == 1 ? $"{Name}元年" : $"{Name}{Year}年";
}
