using System.Runtime.InteropServices;

namespace PushExporter.Hosting;

/// <summary>
/// SIGHUP reloads the configuration, as with every Prometheus exporter — also when the exporter
/// was started with SIGHUP ignored (<c>nohup</c>, some supervisors and CI runners). .NET keeps an
/// inherited "ignore" and never calls a registered handler then; Go's <c>signal.Notify</c> takes the
/// signal back, and so does this: the disposition is reset to the default before the handler is
/// registered, which then replaces it.
/// </summary>
internal static class HangupSignal
{
    private const int SigHup = 1;
    private const nint SigDfl = 0;
    private const nint SigIgn = 1;

    /// <summary>Registers <paramref name="reload"/> for SIGHUP; null on Windows, which has no SIGHUP.</summary>
    public static PosixSignalRegistration? Register(Action reload)
    {
        ArgumentNullException.ThrowIfNull(reload);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        TakeBackFromIgnore();
        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            reload();
        });
    }

    private static void TakeBackFromIgnore()
    {
        try
        {
            // SIGHUP's number is 1 on Linux and macOS alike; signal(2) returns the previous disposition.
            var previous = Signal(SigHup, SigDfl);
            if (previous != SigIgn)
            {
                Signal(SigHup, previous);
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, macOS): SIGHUP works as the process was started, POST /-/reload always.
        }
    }

    // glibc by its soname: "libc" alone finds libc.so only where the development files are installed.
    // Blittable arguments only: no marshalling code, so native AOT calls it directly.
    [DllImport("libc.so.6", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);
}
