using System.Diagnostics;
using System.Runtime.CompilerServices;
using LayerParallel.Core.Communication;

namespace LayerParallel.Mgrit;

// Boundary exchange of a sweep: each rank receives u at Lower − 1 from its left neighbour
// and sends u at Upper to its right neighbour, as soon as that value exists. Sweeps walk the
// intervals right to left, so the send leaves early and the receive is needed last.
public sealed partial class MgritSolver<TVector>
{
    /// <summary>What a sweep's boundary messages carry; picks the message tag.</summary>
    private enum Sweep
    {
        Relax = 0,
        Restrict = 1,
        Interpolate = 2,
        Access = 3,
        CoarseResidual = 4,
    }

    private static MessageTag TagFor(Sweep sweep, GridLevel grid) => sweep switch
    {
        Sweep.Interpolate when grid.IsCoarsest =>
            MessageTag.For(MessageKind.CoarseSolve, grid.Index),
        Sweep.Access => MessageTag.For(MessageKind.Access, grid.Index),
        Sweep.CoarseResidual => MessageTag.For(MessageKind.RestrictionState, grid.Index),
        _ => MessageTag.For(MessageKind.BoundaryState, grid.Index, (int)sweep),
    };

    // FC sweep (relaxation, restriction): the left value is always needed; u at Upper leaves
    // now if it is a C-point (its value before this sweep), else once the F-sweep reaches it
    // (XBraid _braid_UCommInit).
    private void BeginSweep(LevelStorage<TVector> level, Sweep sweep)
    {
        var grid = level.Grid;
        if (grid.IsEmpty)
        {
            return;
        }

        level.Tag = TagFor(sweep, grid);
        if (grid.LeftRank >= 0)
        {
            PostReceive(level);
        }

        if (grid.RightRank >= 0)
        {
            if (grid.IsCPoint(grid.Upper))
            {
                Send(level, level.CState(grid.Upper));
            }
            else
            {
                level.SendIndex = grid.Upper;
            }
        }
    }

    // F-sweep (interpolation, access): only F-points are computed, so a value crosses a rank
    // boundary only when the point after it is an F-point (XBraid _braid_UCommInitF).
    private void BeginFSweep(LevelStorage<TVector> level, Sweep sweep)
    {
        var grid = level.Grid;
        if (grid.IsEmpty)
        {
            return;
        }

        level.Tag = TagFor(sweep, grid);
        if (grid.LeftRank >= 0 && !grid.IsCPoint(grid.Lower))
        {
            PostReceive(level);
        }

        if (grid.RightRank >= 0 && !grid.IsCPoint(grid.Upper + 1))
        {
            if (grid.IsCPoint(grid.Upper))
            {
                Send(level, level.CState(grid.Upper));
            }
            else
            {
                level.SendIndex = grid.Upper;
            }
        }
    }

    // destination ← u_index, where index is Lower − 1 (received) or an owned C-point.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Load(LevelStorage<TVector> level, int index, TVector destination)
    {
        if (index == level.Grid.Lower - 1)
        {
            var request = level.PendingReceive
                ?? throw new InvalidOperationException(
                    $"level {level.Grid.Index}: no receive posted for point {index}");
            Wait(level, request);
            level.PendingReceive = null;
            _problem.Unpack(level.ReceiveBuffer, destination);
        }
        else
        {
            _problem.Copy(level.CState(index), destination);
        }
    }

    // Sends u_index to the right neighbour if the running sweep still owes it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Offer(LevelStorage<TVector> level, int index, TVector state)
    {
        if (index == level.SendIndex)
        {
            Send(level, state);
            level.SendIndex = LevelStorage<TVector>.NoIndex;
        }
    }

    private void EndSweep(LevelStorage<TVector> level)
    {
        Wait(level, level.PendingReceive);
        level.PendingReceive = null;
        Wait(level, level.PendingSend);
        level.PendingSend = null;
        level.SendIndex = LevelStorage<TVector>.NoIndex;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Wait(LevelStorage<TVector> level, ICommRequest? request)
    {
        if (request is null)
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        request.Wait();
        level.Times.WaitTicks += Stopwatch.GetTimestamp() - started;
    }

    private void PostReceive(LevelStorage<TVector> level) =>
        level.PendingReceive = _comm.ImmediateReceive(
            level.ReceiveBuffer, level.Grid.LeftRank, level.Tag);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send(LevelStorage<TVector> level, TVector state)
    {
        _problem.Pack(state, level.SendBuffer);
        level.PendingSend = _comm.ImmediateSend(level.SendBuffer, level.Grid.RightRank, level.Tag);
    }
}
