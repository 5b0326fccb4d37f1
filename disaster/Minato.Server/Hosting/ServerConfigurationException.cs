namespace Minato.Server.Hosting;

/// <summary>
/// The configuration does not let the server start (its message says what to set). <c>Program</c> prints the message
/// and exits 1, without a stack trace.
/// </summary>
public sealed class ServerConfigurationException : Exception
{
    public ServerConfigurationException()
    {
    }

    public ServerConfigurationException(string message)
        : base(message)
    {
    }

    public ServerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
