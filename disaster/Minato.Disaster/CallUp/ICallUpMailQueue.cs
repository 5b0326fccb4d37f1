namespace Minato.Disaster.CallUp;

/// <summary>Where a committed call-up goes to have its pending e-mails (call-up or reminder) sent in the background.</summary>
public interface ICallUpMailQueue
{
    void Enqueue(long callUpId);
}
