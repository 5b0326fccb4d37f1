using System.ComponentModel.DataAnnotations;
using Minato.Server.Security;

namespace Minato.Server.Cli;

/// <summary>
/// <c>token --role hq|district|shelter|field|public [--district ID] [--shelter ID] [--sub NAME] [--minutes N]</c>:
/// prints a signed JWT for the configured key (appsettings.json, overridden by <c>Minato__Auth__*</c>).
/// </summary>
internal static class TokenCommand
{
    public const string Usage =
        "usage: minato token --role hq|district|shelter|field|public [--district ID] [--shelter ID] [--sub NAME] [--minutes N]";

    public static Task<int> RunAsync(string[] args)
    {
        string? role = null, district = null, shelter = null, subject = null;
        int? minutes = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role": role = value; i++; break;
                case "--district": district = value; i++; break;
                case "--shelter": shelter = value; i++; break;
                case "--sub": subject = value; i++; break;
                case "--minutes" when int.TryParse(value, out var m): minutes = m; i++; break;
                default:
                    return Fail($"unexpected argument '{args[i]}'");
            }
        }

        if (role is null)
        {
            return Fail("--role is required");
        }

        var options = LoadOptions();
        var context = new ValidationContext(options);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, context, errors, validateAllProperties: true))
        {
            return Fail("Minato:Auth is invalid: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }

        var request = new TokenRequest(
            subject ?? role + (district is null ? "" : "-" + district) + (shelter is null ? "" : "-" + shelter),
            role, district, shelter, minutes is { } n ? TimeSpan.FromMinutes(n) : null);
        if (request.Validate() is { } error)
        {
            return Fail(error);
        }

        Console.WriteLine(new TokenIssuer(options, TimeProvider.System).Issue(request));
        return Task.FromResult(0);
    }

    private static AuthOptions LoadOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
    }

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return Task.FromResult(2);
    }
}
