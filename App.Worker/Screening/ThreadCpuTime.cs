using System.Runtime.InteropServices;

namespace App.Worker.Screening;

/// <summary>
/// CPU time the calling thread has used (Linux: clock_gettime with CLOCK_THREAD_CPUTIME_ID). Beside a stopwatch it tells
/// a stage that computed for long from one that waited for a core while other processes or threads held both.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <returns>The thread's CPU time so far, or null where it cannot be read (not Linux).</returns>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return ClockGetTime(ClockThreadCpuTimeId, out var time) == 0
            ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
            : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clockId, out Timespec time);
}
