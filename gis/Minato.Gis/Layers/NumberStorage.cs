namespace Minato.Gis.Layers;

/// <summary>The PostgreSQL type of a numeric column: the range a filter value must fit.</summary>
public enum NumberStorage
{
    /// <summary><c>bigint</c> for integers, <c>double precision</c> for numbers.</summary>
    Default,

    /// <summary><c>smallint</c> (int2): −32768 … 32767.</summary>
    Int2,

    /// <summary><c>integer</c> (int4).</summary>
    Int4,

    /// <summary><c>real</c> (float4): finite, |x| ≤ 3.4e38, and not so small that it would round to zero.</summary>
    Float4,
}
