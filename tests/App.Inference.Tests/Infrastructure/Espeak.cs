using System.Diagnostics;

namespace App.Inference.Tests.Infrastructure;

/// <summary>Real speech for tests: espeak-ng is deterministic for a given voice, rate, text and version.</summary>
public static class Espeak
{
    public static byte[] Speak(string text, string voice = "en-us", int wordsPerMinute = 150)
    {
        var path = Path.Combine(Path.GetTempPath(), $"espeak-{Guid.NewGuid():N}.wav");
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", path, text])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)
                ?? throw new InvalidOperationException("espeak-ng did not start.");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"espeak-ng failed: {errors}");
            return File.ReadAllBytes(path);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("These tests need espeak-ng: apt-get install -y espeak-ng", e);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo("espeak-ng", "--version") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
