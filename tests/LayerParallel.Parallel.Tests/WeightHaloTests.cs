using LayerParallel.Mgrit;

namespace LayerParallel.Parallel.Tests;

public sealed class WeightHaloTests
{
    /// <summary>Brute force: walk every step of every level and note which start layers are remote.</summary>
    [Theory]
    [InlineData(16, 3, 2)]
    [InlineData(13, 4, 2)]
    [InlineData(33, 5, 4)]
    [InlineData(7, 7, 2)]
    public void Needs_MatchesEveryStepOfEveryLevel(int layers, int ranks, int cf)
    {
        var partition = Partition.Block(layers, ranks);
        var strides = new List<int>();
        for (int s = 1; s <= layers; s *= cf)
        {
            strides.Add(s);
        }

        for (int rank = 0; rank < ranks; rank++)
        {
            var expected = new SortedSet<int>();
            foreach (int s in strides)
            {
                for (int end = s; end <= layers; end += s)
                {
                    if (partition.OwnerOf(end) == rank && partition.OwnerOf(end - s) != rank)
                    {
                        expected.Add(end - s);
                    }
                }
            }

            int lo = partition.Lower(rank), hi = partition.Upper(rank);
            foreach (int neighbour in new[] { lo - 1, hi + 1 })
            {
                if (neighbour >= 0 && neighbour < layers && lo <= hi)
                {
                    expected.Add(neighbour);
                }
            }

            var needs = WeightHalo.Needs(rank, layers, strides, partition.OwnerOf);
            Assert.Equal(expected, needs);
        }
    }
}
