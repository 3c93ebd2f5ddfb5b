// One ELF patcher, compiled twice: by MSBuild's RoslynCodeTaskFactory (see LibTorchSharpCompat.targets) to
// fix every output folder at build time, and into Quantize.Torch (with QUANTIZE_RUNTIME defined) to fix an
// installed copy, e.g. a `dotnet tool install`, whose files never went through our build. It marks the
// libstdc++ version needs of an ELF shared object that the system's libstdc++ does not define as weak, so
// the dynamic loader accepts the file. netstandard2.0 APIs only (the task factory compiles against it).
// Layouts follow the System V gABI and the LSB "Symbol Versioning" chapter (ELF64, little endian).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
#if !QUANTIZE_RUNTIME
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenMissingElfVersionNeeds : Task
{
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        foreach (ITaskItem item in Files)
        {
            List<string> weakened = ElfVersionNeedPatcher.PatchFile(item.ItemSpec);
            if (weakened.Count > 0)
                Log.LogMessage(MessageImportance.High,
                    $"Marked {string.Join(", ", weakened)} weak in {item.ItemSpec} (the system libstdc++ lacks them).");
        }
        return true;
    }
}
#endif

/// <summary>Finds the system's libstdc++ and weakens the version needs of a file that it cannot satisfy.</summary>
static class ElfVersionNeedPatcher
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;
    const string LibStdCxx = "libstdc++.so.6";

    static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    /// <summary>Returns the versions it weakened (none when the system has them all, or has no libstdc++ to compare with).</summary>
    public static List<string> PatchFile(string path)
    {
        byte[]? system = FindSystemLibStdCxx();
        if (system == null) return new List<string>();
        byte[] elf = File.ReadAllBytes(path);
        List<string> weakened = WeakenMissing(elf, name => !Contains(system, name));
        if (weakened.Count == 0) return weakened;
        // Write beside and rename: the file may be a hard link into the NuGet cache, which must stay pristine.
        string temporary = path + ".patching";
        File.WriteAllBytes(temporary, elf);
        File.Delete(path);
        File.Move(temporary, path);
        return weakened;
    }

    /// <summary>The versions the file needs from libstdc++ that the system's libstdc++ lacks and that are not yet weak.</summary>
    public static List<string> MissingNeeds(string path)
    {
        byte[]? system = FindSystemLibStdCxx();
        if (system == null || !File.Exists(path)) return new List<string>();
        return WeakenMissing(File.ReadAllBytes(path), name => !Contains(system, name));
    }

    static byte[]? FindSystemLibStdCxx()
    {
        var directories = new List<string>();
        string? ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ldPath))
            foreach (string dir in ldPath!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries))
                directories.Add(Path.Combine(dir, LibStdCxx));
        directories.AddRange(LibStdCxxCandidates);
        foreach (string candidate in directories)
            if (File.Exists(candidate)) return File.ReadAllBytes(candidate);
        return null;
    }

    // Version names live in the string table; a NUL-terminated match is enough to know it is defined.
    static bool Contains(byte[] haystack, string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        for (int start = 0; start + needle.Length <= haystack.Length; start++)
        {
            int matched = 0;
            while (matched < needle.Length && haystack[start + matched] == needle[matched]) matched++;
            if (matched == needle.Length) return true;
        }
        return false;
    }

    static List<string> WeakenMissing(byte[] elf, Func<string, bool> isMissing)
    {
        var weakened = new List<string>();
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F'
            || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little endian */)
            return weakened;

        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)sectionTable + s * sectionSize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            int stringSection = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int entryCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            int stringHeader = checked((int)sectionTable + stringSection * sectionSize);
            int strings = checked((int)BitConverter.ToUInt64(elf, stringHeader + 0x18));

            int need = offset;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                string file = ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, need + 4));
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                    string name = ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8));
                    if (file == LibStdCxx && (flags & VerFlagWeak) == 0 && isMissing(name))
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, aux + 4);
                        weakened.Add(name);
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return weakened;
    }

    static string ReadString(byte[] elf, int start)
    {
        int end = Array.IndexOf(elf, (byte)0, start);
        return Encoding.ASCII.GetString(elf, start, end - start);
    }
}
