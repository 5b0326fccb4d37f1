using Minato.Disaster.Recovery.Certificates;
using Minato.Disaster.Recovery.Ledger;
using Minato.Disaster.Recovery.Surveys;

namespace Minato.Disaster.Http.Recovery;

/// <summary>
/// The building damage chain of issue 6: survey (住家被害認定調査) → certificate (罹災証明書) → victim ledger
/// (被災者台帳). Personal data: HQ reads it (field staff their own surveys), every read is audited, nothing is public.
/// </summary>
public static class RecoveryApi
{
    public static IServiceCollection AddRecovery(this IServiceCollection services)
    {
        services.AddSingleton<SurveyStore>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<Minato.Disaster.Situation.ISituationSource, SurveySummarySource>();
        return services;
    }

    public static IEndpointRouteBuilder MapRecoveryApi(this IEndpointRouteBuilder app)
    {
        SurveysApi.Map(app);
        CertificatesApi.Map(app);
        LedgerApi.Map(app);
        return app;
    }
}
