namespace LayerParallel.Mgrit.Tests;

public sealed class PartitionTests
{
    [Fact]
    public void Block_ElevenPointsOnThreeRanks_MatchesXBraidRule()
    {
        // q = 11 / 3 = 3, s = 2: ranks 0 and 1 get q + 1 = 4 points, rank 2 gets 3.
        var partition = Partition.Block(10, 3);

        Assert.Equal(new[] { (0, 3), (4, 7), (8, 10) },
            Enumerable.Range(0, 3).Select(r => (partition.Lower(r), partition.Upper(r))));
    }

    [Fact]
    public void Block_FewerPointsThanRanks_LeavesLastRanksEmpty()
    {
        var partition = Partition.Block(2, 5);

        Assert.Equal(new[] { 0, 1, 2 }, new[] { 0, 1, 2 }.Select(partition.OwnerOf));
        Assert.All(new[] { 3, 4 }, r => Assert.True(partition.Lower(r) > partition.Upper(r)));
    }

    [Fact]
    public void OwnerOf_EveryPoint_IsTheRankWhoseBlockHoldsIt()
    {
        var partition = Partition.FromBlocks(12, [(5, 9), (0, 4), (13, 12), (10, 12)]);

        for (int i = 0; i <= 12; i++)
        {
            int owner = partition.OwnerOf(i);
            Assert.InRange(i, partition.Lower(owner), partition.Upper(owner));
        }

        Assert.Equal(-1, partition.OwnerOf(-1));
        Assert.Equal(-1, partition.OwnerOf(13));
    }

    [Fact]
    public void Mirrored_ReversesRankOrderAndMirrorsEachBlock()
    {
        var partition = Partition.Block(10, 3).Mirrored();

        // Forward blocks [0,3], [4,7], [8,10] become [7,10], [3,6], [0,2] (k = 10 − j).
        Assert.Equal(new[] { (7, 10), (3, 6), (0, 2) },
            Enumerable.Range(0, 3).Select(r => (partition.Lower(r), partition.Upper(r))));
        Assert.Equal(2, partition.OwnerOf(0));
    }

    [Theory]
    [InlineData(1, 6)]   // gap at 0
    [InlineData(0, 5)]   // point 5 twice
    [InlineData(0, 7)]   // gap at 6
    public void FromBlocks_GapOrOverlap_Throws(int firstLower, int secondLower)
    {
        Assert.Throws<ArgumentException>(() =>
            Partition.FromBlocks(9, [(firstLower, 5), (secondLower, 9)]));
    }
}
