using System.Text;

namespace Minato.Gis.Import;

/// <summary>
/// Detects the encoding of a Japanese text file: a UTF-8 BOM, else strict UTF-8 if every byte sequence is valid,
/// else Shift_JIS (code page 932, the national GSI downloads and most municipal CSVs).
/// </summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Shift_JIS as Windows code page 932 (a superset with the NEC/IBM extensions such as ①, ㈱).</summary>
    public static Encoding ShiftJis { get; } = CreateShiftJis();

    /// <summary>Decodes the bytes; <paramref name="encodingName"/> is <c>UTF-8</c>, <c>UTF-8 (BOM)</c> or <c>Shift_JIS</c>.</summary>
    public static string Decode(byte[] bytes, out string encodingName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            encodingName = "UTF-8 (BOM)";
            return StrictUtf8.GetString(bytes, 3, bytes.Length - 3);
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            encodingName = "UTF-8";
            return text;
        }
        catch (DecoderFallbackException)
        {
            encodingName = "Shift_JIS";
            return ShiftJis.GetString(bytes);
        }
    }

    private static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }
}
