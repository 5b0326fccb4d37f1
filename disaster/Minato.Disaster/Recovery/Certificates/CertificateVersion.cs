namespace Minato.Disaster.Recovery.Certificates;

/// <summary>One version in a certificate's history (every certificate of the same household and building).</summary>
public sealed record CertificateVersion(string Number, int Version, string Status, string Grade, DateOnly IssuedOn, long SurveyId,
    string? Reason);
