using QRCoder;

namespace Minato.Disaster.CheckIn;

/// <summary>QR codes of registration tokens (QRCoder; error correction M, printable and readable from a phone screen).</summary>
public static class QrCodes
{
    /// <summary>An SVG image of <paramref name="payload"/> (black on white, a quiet zone of 4 modules).</summary>
    public static string Svg(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8);
    }

    /// <summary>The module matrix of <paramref name="payload"/> (true = dark), quiet zone included; [row][column].</summary>
    public static bool[][] Matrix(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();
    }
}
