namespace Minato.Disaster.Notifications;

/// <summary>Where a committed CAP message goes to have its e-mail deliveries sent (in the background). Never blocks.</summary>
public interface IAlertMailQueue
{
    void Enqueue(long messageId);
}
