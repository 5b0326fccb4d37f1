namespace Minato.Gis.Features;

/// <summary>Why a request was refused (HTTP 400): the parameter, an OGC exception code and a sentence for people.</summary>
/// <param name="Code">OGC exception code: <c>InvalidParameterValue</c> or <c>UnknownParameter</c>.</param>
public sealed record FeatureQueryError(string Parameter, string Code, string Detail)
{
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string UnknownParameter = "UnknownParameter";

    internal static FeatureQueryError Invalid(string parameter, string detail) => new(parameter, InvalidParameterValue, detail);
}
