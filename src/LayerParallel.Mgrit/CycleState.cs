namespace LayerParallel.Mgrit;

/// <summary>
/// Where the cycle goes next, given the level it is on: XBraid's cycle state
/// (<c>_braid_DriveUpdateCycle</c>) without temporal refinement.
/// </summary>
/// <remarks>
/// Down from levels 0..L−2 means relax and restrict; up from levels L−1..1 means interpolate;
/// up at level 0 ends the iteration. The first arrival at level 0 ends an iteration, the
/// next call starts the following one. In an F-cycle, arriving at a level below
/// <c>fmgLevel</c> on the way up starts FCycleVCycles more V-cycles from there, after which
/// <c>fmgLevel</c> moves one level finer; it is reset to the coarsest level every iteration.
/// </remarks>
internal sealed class CycleState(int levels, MgritOptions options)
{
    private readonly bool _fCycle = options.Cycle == CycleType.F;
    private bool _atTop;
    private int _fmgLevel = options.Cycle == CycleType.F ? levels - 1 : 0;
    private int _vCycles;

    /// <summary>
    /// True to relax and restrict next, false to interpolate (or end the iteration at level 0).
    /// </summary>
    public bool Down { get; private set; } = true;

    /// <summary>Decides the direction at <paramref name="level"/>.</summary>
    public void Update(int level)
    {
        if (Down && level == levels - 1)
        {
            Down = false;
        }

        if (Down)
        {
            return;
        }

        if (level > 0)
        {
            if (level < _fmgLevel)
            {
                _vCycles++;
                if (_vCycles == options.FCycleVCycles)
                {
                    _vCycles = 0;
                    _fmgLevel--;
                }

                Down = true;
            }
        }
        else if (!_atTop || levels == 1)
        {
            _atTop = true;
        }
        else
        {
            if (_fCycle)
            {
                _fmgLevel = levels - 1;
            }

            _atTop = false;
            Down = true;
        }
    }
}
