using System.Runtime.InteropServices;

namespace App.AppHost.Processes;

/// <summary>kill(2): .NET can only SIGKILL another process, and a graceful stop needs SIGTERM.</summary>
public static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to the process, or to its whole process group when it leads one.</summary>
    public static void Send(int pid, int signal, bool toGroup) => _ = Kill(toGroup ? -pid : pid, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
