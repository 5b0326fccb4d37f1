namespace Minato.Disaster.Tasks;

/// <summary>The sending unit of a task and the staff member (token subject) who created it.</summary>
public sealed record TaskParty(string Kind, string Id, string By);
