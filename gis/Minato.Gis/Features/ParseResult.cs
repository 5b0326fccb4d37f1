namespace Minato.Gis.Features;

/// <summary>A parsed request or the reason it was refused; exactly one of the two is set.</summary>
public sealed class ParseResult<T>
    where T : class
{
    private ParseResult(T? value, FeatureQueryError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public FeatureQueryError? Error { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

#pragma warning disable CA1000 // Factory methods on a generic result read best at the call site: ParseResult<T>.Ok(x).
    public static ParseResult<T> Ok(T value) => new(value, null);

    public static ParseResult<T> Fail(FeatureQueryError error) => new(null, error);
#pragma warning restore CA1000
}
