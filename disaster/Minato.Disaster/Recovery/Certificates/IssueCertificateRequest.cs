namespace Minato.Disaster.Recovery.Certificates;

/// <summary>
/// <c>POST /api/certificates</c>: issue a certificate for a household of the ledger and a building, from the building's
/// effective survey. <see cref="ApplicantName"/> defaults to the household head; <see cref="DisasterName"/> names the
/// disaster (e.g. 令和8年台風第19号). A certificate that is current for the same household and building is superseded
/// when the building was re-surveyed since, or when a <see cref="Reason"/> (a correction) is given; otherwise 409.
/// </summary>
public sealed record IssueCertificateRequest(long? BuildingId, long? HouseholdId, string? ApplicantName, string? DisasterName,
    string? Reason)
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 500;

    /// <summary>The errors by field (empty when valid).</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (BuildingId is not > 0)
        {
            errors["buildingId"] = ["buildingId (a surveyed building) is required"];
        }

        if (HouseholdId is not > 0)
        {
            errors["householdId"] = ["householdId (a household of the victim ledger) is required"];
        }

        if (ApplicantName is { } applicant && (string.IsNullOrWhiteSpace(applicant) || applicant.Length > MaxNameLength))
        {
            errors["applicantName"] = [$"applicantName is 1–{MaxNameLength} characters (leave it out for the household head)"];
        }

        if (string.IsNullOrWhiteSpace(DisasterName) || DisasterName.Length > MaxNameLength)
        {
            errors["disasterName"] = [$"disasterName (e.g. 令和8年台風第19号) is required, at most {MaxNameLength} characters"];
        }

        if (Reason is { } reason && (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength))
        {
            errors["reason"] = [$"reason is 1–{MaxReasonLength} characters"];
        }

        return errors;
    }
}
