using Minato.Disaster.CheckIn;

namespace Minato.EndToEnd.Tests.CheckIn;

/// <summary>
/// A fake camera for Chromium (<c>--use-file-for-fake-video-capture</c>): a Y4M (YUV4MPEG2, 4:2:0) file whose frames show a QR
/// code, drawn here module by module from the same encoder the server uses, black on white, centred on a grey desk.
/// </summary>
internal static class FakeCamera
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Writes <paramref name="frames"/> identical frames showing the QR of <paramref name="payload"/> to
    /// <paramref name="path"/>.</summary>
    public static void WriteQrVideo(string path, string payload, int frames = 10)
    {
        var matrix = QrCodes.Matrix(payload); // quiet zone included
        var modules = matrix.Length;
        var scale = Math.Min(Width, Height) * 9 / 10 / modules;
        var size = modules * scale;
        var left = (Width - size) / 2;
        var top = (Height - size) / 2;
        var luma = new byte[Width * Height];
        Array.Fill(luma, (byte)160);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                luma[((top + y) * Width) + left + x] = matrix[y / scale][x / scale] ? (byte)16 : (byte)235;
            }
        }

        var chroma = new byte[Width / 2 * (Height / 2)];
        Array.Fill(chroma, (byte)128);
        using var file = File.Create(path);
        var header = System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F10:1 Ip A1:1 C420jpeg\n");
        file.Write(header);
        var frameHeader = System.Text.Encoding.ASCII.GetBytes("FRAME\n");
        for (var f = 0; f < frames; f++)
        {
            file.Write(frameHeader);
            file.Write(luma);
            file.Write(chroma); // U
            file.Write(chroma); // V
        }
    }
}
