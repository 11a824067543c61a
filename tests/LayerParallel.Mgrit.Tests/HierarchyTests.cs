namespace LayerParallel.Mgrit.Tests;

/// <summary>The level structure against XBraid's coarsening rule, worked out by hand.</summary>
public sealed class HierarchyTests
{
    [Theory]
    // N = 24, m = 2: 24 → 12 → 6 → 3; ⌊3/2⌋ = 1 < MinCoarse 2, so level 3 is the coarsest.
    [InlineData(24, 2, 30, 2, new[] { 24, 12, 6, 3 })]
    // MaxLevels caps the hierarchy.
    [InlineData(24, 2, 2, 2, new[] { 24, 12 })]
    // MinCoarse 1 allows a coarsest grid of a single interval.
    [InlineData(24, 2, 30, 1, new[] { 24, 12, 6, 3, 1 })]
    // m = 4 with a remainder: 30 → 7 → 1 would have 1 < 2 intervals, so 7 is the coarsest.
    [InlineData(30, 4, 30, 2, new[] { 30, 7 })]
    // N ≤ MinCoarse: one level.
    [InlineData(2, 2, 30, 2, new[] { 2 })]
    public void Build_CoarsensLikeXBraid(
        int steps, int cFactor, int maxLevels, int minCoarse, int[] expectedUppers)
    {
        var options = new MgritOptions
        {
            Steps = steps,
            StopTime = 1.0,
            CFactor = cFactor,
            MaxLevels = maxLevels,
            MinCoarse = minCoarse,
        };

        var hierarchy = MgritHierarchy.Build(options, Partition.Block(steps, 1), 0);

        Assert.Equal(expectedUppers, hierarchy.Levels.Select(l => l.GlobalUpper));
        var coarsest = hierarchy.Levels[^1];
        Assert.True(coarsest.IsCoarsest);
        Assert.Equal(coarsest.GlobalUpper + 1, coarsest.CFactor);
        Assert.Equal(1, coarsest.CCount);
        Assert.All(hierarchy.Levels.SkipLast(1), l => Assert.Equal(cFactor, l.CFactor));
    }

    [Fact]
    public void Build_PerLevelCFactor_UsedOnThatLevelOnly()
    {
        var options = new MgritOptions
        {
            Steps = 64,
            StopTime = 1.0,
            LevelCFactors = new Dictionary<int, int> { [0] = 4 },
        };

        var hierarchy = MgritHierarchy.Build(options, Partition.Block(64, 1), 0);

        Assert.Equal(new[] { 64, 16, 8, 4, 2 }, hierarchy.Levels.Select(l => l.GlobalUpper));
        Assert.Equal(new[] { 1, 4, 8, 16, 32 }, hierarchy.Levels.Select(l => l.FineStride));
    }

    [Theory]
    [InlineData(40, 3, 3)]
    [InlineData(17, 5, 2)]
    [InlineData(9, 7, 2)]
    public void Build_CoarseBlocksTileEachLevelAndFollowFineOwners(int steps, int ranks, int m)
    {
        var options = new MgritOptions
        {
            Steps = steps, StopTime = 1.0, CFactor = m, MinCoarse = 1,
        };
        var partition = Partition.Block(steps, ranks);
        var byRank = Enumerable.Range(0, ranks)
            .Select(r => MgritHierarchy.Build(options, partition, r)).ToArray();

        for (int level = 0; level < byRank[0].Count; level++)
        {
            var grids = byRank.Select(h => h.Levels[level]).ToArray();
            var owned = grids.SelectMany((g, r) => Enumerable.Range(g.Lower, g.Count)
                .Select(i => (Point: i, Rank: r))).OrderBy(p => p.Point).ToArray();

            Assert.Equal(Enumerable.Range(0, grids[0].GlobalUpper + 1), owned.Select(p => p.Point));
            Assert.All(owned, p => Assert.Equal(
                partition.OwnerOf(grids[p.Rank].FineIndex(p.Point)), p.Rank));
            Assert.All(grids.Where(g => !g.IsEmpty), g =>
            {
                Assert.Equal(g.Lower > 0 ? partition.OwnerOf(g.FineIndex(g.Lower - 1)) : -1,
                    g.LeftRank);
                Assert.Equal(g.Upper < g.GlobalUpper
                    ? partition.OwnerOf(g.FineIndex(g.Upper + 1)) : -1, g.RightRank);
            });
        }
    }

    [Fact]
    public void Interval_WalksFPointsThenClosingCPoint()
    {
        // Rank block 5..14 of 0..20 with m = 3: C-points 6, 9, 12; F-intervals [5], [7,8],
        // [10,11], [13,14].
        var options = new MgritOptions { Steps = 20, StopTime = 1.0, CFactor = 3, MaxLevels = 2 };
        var partition = Partition.FromBlocks(20, [(0, 4), (5, 14), (15, 20)]);

        var grid = MgritHierarchy.Build(options, partition, 1).Levels[0];

        Assert.Equal(4, grid.IntervalCount);
        Assert.Equal((5, 5, 6), grid.Interval(0));
        Assert.Equal((7, 8, 9), grid.Interval(1));
        Assert.Equal((10, 11, 12), grid.Interval(2));
        Assert.Equal((13, 14, -1), grid.Interval(3));
    }
}
