using System.Buffers.Binary;
using System.IO.Compression;
using LayerParallel.Core;

namespace LayerParallel.Networks.Data;

/// <summary>
/// Reader of the IDX format of (Fashion-)MNIST, gzip-compressed or raw (told apart by the
/// gzip signature, not the file name).
/// </summary>
/// <remarks>
/// An IDX file is a big-endian 32-bit magic number (0x0803 = 2051 for unsigned-byte images
/// with three dimensions, 0x0801 = 2049 for unsigned-byte labels with one), one big-endian
/// 32-bit size per dimension, then the bytes. Every problem with a file is an
/// <see cref="InputException"/> whose one-line message names the file.
/// </remarks>
public static class IdxFile
{
    /// <summary>Magic number of an unsigned-byte, three-dimensional (image) file.</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of an unsigned-byte, one-dimensional (label) file.</summary>
    public const int LabelsMagic = 2049;

    /// <summary>Reads the images of <paramref name="path"/>, at most
    /// <paramref name="limit"/> of them when limit &gt; 0.</summary>
    /// <exception cref="InputException">Missing, unreadable, wrong magic number,
    /// truncated.</exception>
    public static IdxImages ReadImages(string path, int limit = 0)
    {
        using var stream = Open(path);
        ReadMagic(stream, path, ImagesMagic, "images");
        int count = ReadSize(stream, path, "image count");
        int rows = ReadSize(stream, path, "row count");
        int columns = ReadSize(stream, path, "column count");
        int take = limit > 0 ? Math.Min(limit, count) : count;
        long bytes = (long)take * rows * columns;
        if (bytes > Array.MaxLength)
        {
            throw new InputException($"IDX file {path} is too large ({bytes} pixel bytes)");
        }

        var pixels = new byte[bytes];
        ReadBody(stream, path, pixels, "pixel");
        return new IdxImages(take, rows, columns, pixels);
    }

    /// <summary>Reads the labels of <paramref name="path"/>, at most
    /// <paramref name="limit"/> of them when limit &gt; 0.</summary>
    /// <exception cref="InputException">Missing, unreadable, wrong magic number,
    /// truncated.</exception>
    public static byte[] ReadLabels(string path, int limit = 0)
    {
        using var stream = Open(path);
        ReadMagic(stream, path, LabelsMagic, "labels");
        int count = ReadSize(stream, path, "label count");
        var labels = new byte[limit > 0 ? Math.Min(limit, count) : count];
        ReadBody(stream, path, labels, "label");
        return labels;
    }

    private static Stream Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"data file not found: {path}");
        }

        try
        {
            var file = new BufferedStream(File.OpenRead(path), 1 << 16);
            Span<byte> signature = stackalloc byte[2];
            int n = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            file.Position = 0;
            bool gzip = n == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
            return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read data file {path}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException($"cannot read data file {path}: {e.Message}", e);
        }
    }

    private static void ReadMagic(Stream stream, string path, int expected, string kind)
    {
        int magic = ReadInt32(stream, path, "magic number");
        if (magic != expected)
        {
            throw new InputException(
                $"wrong IDX magic number {magic} in {path} (expected {expected} for {kind})");
        }
    }

    private static int ReadSize(Stream stream, string path, string what)
    {
        int size = ReadInt32(stream, path, what);
        if (size < 0)
        {
            throw new InputException($"negative {what} {size} in IDX file {path}");
        }

        return size;
    }

    private static int ReadInt32(Stream stream, string path, string what)
    {
        Span<byte> word = stackalloc byte[4];
        int n = Fill(stream, path, word);
        if (n < 4)
        {
            throw new InputException($"truncated IDX file {path}: it ends inside the header"
                + $" ({what})");
        }

        return BinaryPrimitives.ReadInt32BigEndian(word);
    }

    private static void ReadBody(Stream stream, string path, byte[] destination, string what)
    {
        int n = Fill(stream, path, destination);
        if (n < destination.Length)
        {
            throw new InputException($"truncated IDX file {path}: {n} of {destination.Length}"
                + $" {what} bytes present");
        }
    }

    private static int Fill(Stream stream, string path, Span<byte> destination)
    {
        try
        {
            return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"corrupt gzip data in {path}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read data file {path}: {e.Message}", e);
        }
    }
}
