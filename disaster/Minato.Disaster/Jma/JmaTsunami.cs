namespace Minato.Disaster.Jma;

/// <summary>
/// What a 津波警報・注意報・予報 or 津波情報 states for 東京湾内湾: the category (e.g. <c>62</c> 津波注意報, <c>71</c> 津波予報
/// （若干の海面変動）), whether it is a warning or advisory (大津波警報, 津波警報, 津波注意報), the expected first arrival and
/// the expected maximum height as JMA words it. Immutable.
/// </summary>
public sealed record JmaTsunami(
    string AreaCode, string AreaName, string KindCode, string KindName, bool Warning, DateTimeOffset? FirstArrival, string? MaxHeight);
