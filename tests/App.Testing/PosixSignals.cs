using System.Runtime.InteropServices;

namespace App.Testing;

/// <summary>kill(2) with SIGTERM: what a service manager or container runtime sends, and what .NET cannot send itself.</summary>
public static partial class PosixSignals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid)
    {
        if (Kill(pid, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
