namespace LayerParallel.Networks.Data;

/// <summary>Images read from an IDX file: <see cref="Count"/> images of Rows × Columns
/// bytes.</summary>
/// <param name="Count">Number of images read.</param>
/// <param name="Rows">Pixel rows per image.</param>
/// <param name="Columns">Pixel columns per image.</param>
/// <param name="Pixels">Count · Rows · Columns bytes, image after image, each row-major.</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Rows * Columns;
}
