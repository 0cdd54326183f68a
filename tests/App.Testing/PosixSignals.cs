using System.Runtime.InteropServices;

namespace App.Testing;

/// <summary>kill(2): SIGTERM as a service manager or container runtime sends it, SIGKILL as a crash; .NET sends neither to a chosen pid.</summary>
public static partial class PosixSignals
{
    public const int Sigterm = 15;
    public const int Sigkill = 9;
    public const int Sigint = 2;

    public static void Terminate(int pid) => Send(pid, Sigterm);

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
