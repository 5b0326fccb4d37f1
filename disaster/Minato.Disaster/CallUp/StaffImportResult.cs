namespace Minato.Disaster.CallUp;

/// <summary>The outcome of a CSV import: rows created, updated (same e-mail), and refused with their line and reason.</summary>
public sealed record StaffImportResult(int Created, int Updated, IReadOnlyList<StaffImportError> Errors);

/// <summary>A refused CSV row: its line (1 = the header) and why (never the row's personal data).</summary>
public sealed record StaffImportError(int Line, string Error);
