using LayerParallel.Core;
using LayerParallel.Core.Communication;
using LayerParallel.Mgrit;
using LayerParallel.Networks;
using LayerParallel.Networks.Parameters;
using Serilog;

namespace LayerParallel.Parallel;

/// <summary>
/// Loss and gradient of a network whose forward propagation and backpropagation are both
/// solved by MGRIT across the ranks of a communicator, each rank owning a contiguous block of
/// layers.
/// </summary>
/// <remarks>
/// <para>
/// Ownership: fine points 0..N are split by <see cref="Partition.Block"/>; the owner of point j
/// holds θ_j (j &lt; N). The opening layer (K0, b0) lives on the owner of point 0, the
/// classifier (W, μ) on the owner of point N. Every rank receives the whole minibatch; only
/// those two ranks read it.
/// </para>
/// <para>
/// One evaluation: (1) u_0 = E(σ(K0 X + b0)); (2) forward MGRIT for u_{j+1} = Φ_j(u_j, θ_j);
/// (3) loss and λ_N = ∂loss/∂u_N on the last rank; (4) adjoint MGRIT for
/// λ_j = (∂Φ_j/∂u_j)ᵀ λ_{j+1} in reversed time; (5) ∇θ_j = (∂Φ_j/∂θ_j)ᵀ λ_{j+1} on the owner of
/// j; (6) the opening layer's gradient from λ_0 on the first rank; (7) the regularizer's share
/// of each rank. With converged solves this equals serial backpropagation; with a fixed
/// number of iterations the result does not depend on the number of ranks.
/// </para>
/// </remarks>
public sealed class LayerParallelNetwork
{
    private static readonly MessageTag AdjointTag = MessageTag.For(MessageKind.Gradient);

    private readonly ICommunicator _comm;
    private readonly LayerParallelOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<(int Batch, bool Gradient), BatchSolvers> _solvers = [];
    private readonly double[] _reduction = new double[3];
    private readonly WeightHalo _halo;
    private NetworkParameters? _current;

    /// <summary>Sets up the layer ownership. Collective.</summary>
    public LayerParallelNetwork(
        NetworkConfig config, ICommunicator communicator, LayerParallelOptions options,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (communicator.Size > config.Layers + 1)
        {
            throw new InputException(
                $"{communicator.Size} ranks is more than the {config.Layers + 1} layer points " +
                $"of a {config.Layers}-layer network");
        }

        Config = config;
        _comm = communicator;
        _options = options;
        _logger = logger ?? Serilog.Core.Logger.None;
        Stepper = LayerStepperFactory.Create(config);
        Opening = new OpeningLayer(config.Features, config.Width, config.Activation);
        Classifier = new SoftmaxClassifier(config.Width, config.Classes);
        Partition = Partition.Block(config.Layers, communicator.Size);
        Lower = Partition.Lower(communicator.Rank);
        Upper = Partition.Upper(communicator.Rank);

        // The halo covers the start of every step this rank computes on any forward level.
        var forwardOptions = options.ToMgrit(config.Layers, config.FinalTime, false, Partition);
        forwardOptions.Validate(communicator.Size);
        var hierarchy = MgritHierarchy.Build(forwardOptions, Partition, communicator.Rank);
        var strides = hierarchy.Levels.Select(level => level.FineStride).ToArray();
        _halo = new WeightHalo(communicator, config.Layers, Stepper.ParameterCount, strides,
            Partition.OwnerOf);
        Weights = new LayerWeights(
            j => j < config.Layers && OwnsLayer(j) ? _current?.Layers[j] : null, _halo);
    }

    /// <summary>The weights this rank reads: its own layers and the halo copies.</summary>
    public LayerWeights Weights { get; }

    /// <summary>The network configuration.</summary>
    public NetworkConfig Config { get; }

    /// <summary>The one-step map Φ_j and its adjoint.</summary>
    public ILayerStepper Stepper { get; }

    /// <summary>The opening layer (used on the owner of point 0).</summary>
    public OpeningLayer Opening { get; }

    /// <summary>The classifier (used on the owner of point N).</summary>
    public SoftmaxClassifier Classifier { get; }

    /// <summary>Which rank owns which fine points (forward time).</summary>
    public Partition Partition { get; }

    /// <summary>First fine point of this rank.</summary>
    public int Lower { get; }

    /// <summary>Last fine point of this rank.</summary>
    public int Upper { get; }

    /// <summary>True on the rank holding the opening layer (point 0).</summary>
    public bool HoldsOpening => Lower == 0;

    /// <summary>True on the rank holding the classifier (point N).</summary>
    public bool HoldsClassifier => Upper == Config.Layers;

    /// <summary>Forward states this rank holds for the gradient evaluations of the batch size
    /// last used (kept states and recompute buffers), for memory checks.</summary>
    public int HeldForwardStates =>
        _solvers.Where(e => e.Key.Gradient).Select(e => e.Value.States.HeldStates)
            .DefaultIfEmpty(0).Max();

    /// <summary>True if this rank owns θ_<paramref name="layer"/>.</summary>
    public bool OwnsLayer(int layer) => layer >= Lower && layer <= Upper && layer < Config.Layers;

    /// <summary>
    /// Drops the layers this rank does not own from <paramref name="parameters"/> (they become
    /// null), so that optimizers update only local weights.
    /// </summary>
    public void KeepOwnedLayers(NetworkParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int j = 0; j < parameters.LayerCount; j++)
        {
            if (!OwnsLayer(j))
            {
                parameters.Layers[j] = null;
            }
        }
    }

    /// <summary>
    /// Loss and accuracy of a minibatch, and the gradient of this rank's parameters when
    /// <paramref name="gradient"/> is given (its non-owned entries stay zero). Collective; the
    /// returned loss, regularization and counts are the same on every rank.
    /// </summary>
    /// <param name="parameters">Weights; the owned layers must be present.</param>
    /// <param name="features">Inputs, features × batch (read on the first rank).</param>
    /// <param name="labels">Labels, one per sample (read on the last rank).</param>
    /// <param name="gradient">Receives the gradient, or null for a forward-only pass.</param>
    /// <param name="regularization">The regularizer (its value is included when a gradient is
    /// computed).</param>
    /// <exception cref="NumericalBreakdownException">A solve diverged or the loss is not finite
    /// (on every rank).</exception>
    public (LossResult Loss, SolveStatistics Statistics) Compute(
        NetworkParameters parameters, ReadOnlySpan<double> features, ReadOnlySpan<int> labels,
        NetworkParameters? gradient, Regularization? regularization = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int batch = labels.Length;
        var s = SolversFor(batch, gradient is not null);
        _current = parameters;
        _halo.Exchange(parameters.Layer);
        gradient?.Clear();

        var forward = SolveForward(s, parameters, features);
        double loss = 0.0;
        int correct = 0;
        if (HoldsClassifier)
        {
            var yN = s.States.Get(Config.Layers).AsSpan(0, Config.Width * batch);
            var result = Classifier.Forward(parameters.ClassifierWeights, parameters.ClassifierBias,
                yN, labels, s.Probabilities);
            loss = result.Loss;
            correct = result.Correct;
            if (gradient is not null)
            {
                var gradY = s.Work.AsSpan(0, Config.Width * batch);
                Classifier.Backward(parameters.ClassifierWeights, yN, labels, s.Probabilities,
                    gradY, gradient.ClassifierWeights, gradient.ClassifierBias);
                Stepper.Embed(gradY, s.Adjoint.TerminalState, batch);
            }
        }

        MgritResult? adjoint = null;
        double regularizationValue = 0.0;
        if (gradient is not null)
        {
            s.States.FillCaches(Config.Layers - 1, s.Scratch);
            adjoint = SolveAdjoint(s);
            AssembleGradient(s, parameters, features, gradient);
            regularizationValue = RegularizationShare(
                regularization ?? Regularization.None, parameters, gradient, s.Dummy);
        }

        _reduction[0] = loss;
        _reduction[1] = regularizationValue;
        _reduction[2] = correct;
        _comm.AllreduceSum(_reduction);
        var total = new LossResult(_reduction[0], _reduction[1], (int)_reduction[2], batch);
        var statistics = new SolveStatistics(
            forward.Iterations, forward.FinalResidualNorm, forward.Status,
            adjoint?.Iterations ?? 0, adjoint?.FinalResidualNorm, adjoint?.Status);
        _logger.Debug(
            "Forward MGRIT {ForwardIterations} iterations, residual {ForwardResidual}; adjoint "
            + "{AdjointIterations} iterations, residual {AdjointResidual}",
            statistics.ForwardIterations, statistics.ForwardResidual,
            statistics.AdjointIterations, statistics.AdjointResidual);
        if (!double.IsFinite(total.Objective))
        {
            throw new NumericalBreakdownException(
                $"the loss is {total.Objective} (forward MGRIT {forward.Status} after "
                + $"{forward.Iterations} iterations); lower the learning rate or the final time");
        }

        return (total, statistics);
    }

    private MgritResult SolveForward(
        BatchSolvers s, NetworkParameters parameters, ReadOnlySpan<double> features)
    {
        int batch = s.Batch;
        if (HoldsOpening)
        {
            Opening.Forward(parameters.OpeningWeights, parameters.OpeningBias, features,
                s.OpeningOutput, batch);
            Stepper.Embed(s.OpeningOutput, s.Forward.InitialState, batch);
        }

        if (_options.WarmRestart)
        {
            s.ForwardSolver.RefreshInitialCondition();
        }
        else
        {
            s.ForwardSolver.ResetInitialGuess();
        }

        var result = s.ForwardSolver.Solve();
        ThrowIfDiverged(result, "forward", s.ForwardSolver);
        s.ForwardSolver.Access((j, u) => s.States.Store(j, u.Data));
        return result;
    }

    private MgritResult SolveAdjoint(BatchSolvers s)
    {
        if (_options.WarmRestart)
        {
            s.AdjointSolver.RefreshInitialCondition();
        }
        else
        {
            s.AdjointSolver.ResetInitialGuess();
        }

        var result = s.AdjointSolver.Solve();
        ThrowIfDiverged(result, "adjoint", s.AdjointSolver);
        int n = Config.Layers;
        s.AdjointSolver.Access((k, lambda) => lambda.Data.CopyTo(s.Adjoints[n - k - Lower], 0));
        return result;
    }

    // ∇θ_j = (∂Φ_j/∂θ_j)ᵀ λ_{j+1} for the local layers; λ_{Upper+1} comes from the right.
    private void AssembleGradient(
        BatchSolvers s, NetworkParameters parameters, ReadOnlySpan<double> features,
        NetworkParameters gradient)
    {
        int n = Config.Layers;
        ICommRequest? send = null;
        if (Lower > 0)
        {
            send = _comm.ImmediateSend(s.Adjoints[0], Partition.OwnerOf(Lower - 1), AdjointTag);
        }

        if (Upper < n)
        {
            _comm.Receive(s.RightAdjoint, Partition.OwnerOf(Upper + 1), AdjointTag);
        }

        double h = Config.StepSize;
        for (int j = Lower; j <= Math.Min(Upper, n - 1); j++)
        {
            var next = j + 1 <= Upper ? s.Adjoints[j + 1 - Lower] : s.RightAdjoint;
            Stepper.Adjoint(j, h, parameters.Layer(j), s.States.Get(j), s.States.Cache(j), next,
                s.Scratch, gradient.AllocateLayer(j), s.Workspace);
        }

        if (HoldsOpening)
        {
            int rows = Config.Width * s.Batch;
            Opening.Backward(features, s.OpeningOutput, s.Adjoints[0].AsSpan(0, rows),
                gradient.OpeningWeights, gradient.OpeningBias, s.Work, s.Batch);
        }

        send?.Wait();
    }

    // A diverged solver is reset (every rank sees the same divergence), so that a caller who
    // catches the exception and changes the weights can evaluate again.
    private static void ThrowIfDiverged(
        MgritResult result, string which, MgritSolver<StateVector> solver)
    {
        if (result.Status == MgritStatus.Diverged)
        {
            solver.ResetInitialGuess();
            throw new NumericalBreakdownException(
                $"{which} MGRIT diverged at iteration {result.Iterations} (residual norm "
                + $"{result.FinalResidualNorm}); lower the learning rate or the final time, or "
                + "use more MGRIT iterations");
        }
    }

    // This rank's share of R(θ): decay of what it holds, and the smoothness pairs (j, j+1) of
    // its layers j; the pair (Lower−1, Lower) adds only its gradient wrt θ_Lower here.
    private double RegularizationShare(
        Regularization reg, NetworkParameters p, NetworkParameters g, double[] dummy)
    {
        double value = 0.0;
        if (HoldsOpening)
        {
            value += reg.Decay(p.OpeningWeights, g.OpeningWeights)
                + reg.Decay(p.OpeningBias, g.OpeningBias);
        }

        if (HoldsClassifier)
        {
            value += reg.Decay(p.ClassifierWeights, g.ClassifierWeights)
                + reg.Decay(p.ClassifierBias, g.ClassifierBias);
        }

        int n = Config.Layers;
        double h = Config.StepSize;
        for (int j = Lower; j <= Math.Min(Upper, n - 1); j++)
        {
            value += reg.Decay(p.Layer(j), g.AllocateLayer(j));
            if (j + 1 < n)
            {
                var gradNext = OwnsLayer(j + 1) ? g.AllocateLayer(j + 1) : dummy;
                value += reg.Pair(p.Layer(j), Weights.Get(j + 1), h, g.AllocateLayer(j), gradNext);
            }
        }

        if (Lower > 0 && OwnsLayer(Lower))
        {
            reg.Pair(Weights.Get(Lower - 1), p.Layer(Lower), h, dummy, g.AllocateLayer(Lower));
        }

        return value;
    }

    // Gradient evaluations and forward-only evaluations (validation) keep separate solvers,
    // so a warm restart always continues from the previous evaluation of the same kind and
    // batch size.
    private BatchSolvers SolversFor(int batch, bool gradient)
    {
        if (!_solvers.TryGetValue((batch, gradient), out var s))
        {
            s = new BatchSolvers(this, batch, gradient ? _options : _options.ForEvaluation());
            _solvers[(batch, gradient)] = s;
        }

        return s;
    }

    /// <summary>Everything sized by the batch: problems, solvers, stored states.</summary>
    private sealed class BatchSolvers
    {
        public BatchSolvers(LayerParallelNetwork net, int batch, LayerParallelOptions options)
        {
            var config = net.Config;
            Batch = batch;
            int length = net.Stepper.StateRows * batch;
            int local = net.Upper - net.Lower + 1;
            States = new ForwardStateStore(net.Stepper, net.Weights, net.Lower, net.Upper,
                config.Layers, config.StepSize, batch, options.CFactor, options.ForwardStorage);
            Adjoints = [.. Enumerable.Range(0, local).Select(_ => new double[length])];
            RightAdjoint = new double[length];
            Scratch = new double[length];
            OpeningOutput = new double[config.Width * batch];
            Work = new double[Math.Max(config.Width, config.Classes) * batch];
            Probabilities = new double[config.Classes * batch];
            Dummy = new double[net.Stepper.ParameterCount];
            Workspace = net.Stepper.CreateWorkspace(batch);
            Forward = new ForwardNetworkProblem(net.Stepper, net.Weights, config.StepSize, batch);
            ForwardSolver = new MgritSolver<StateVector>(Forward, net._comm,
                options.ToMgrit(config.Layers, config.FinalTime, false, net.Partition),
                Serilog.Core.Logger.None);
            Adjoint = new AdjointNetworkProblem(net.Stepper, net.Weights,
                States.Get, States.Cache, config.Layers, config.StepSize, batch);
            AdjointSolver = new MgritSolver<StateVector>(Adjoint, net._comm,
                options.ToMgrit(config.Layers, config.FinalTime, true,
                    net.Partition.Mirrored()),
                Serilog.Core.Logger.None);
        }

        public int Batch { get; }

        public ForwardStateStore States { get; }

        public double[][] Adjoints { get; }

        public double[] RightAdjoint { get; }

        public double[] Scratch { get; }

        public double[] OpeningOutput { get; }

        public double[] Work { get; }

        public double[] Probabilities { get; }

        public double[] Dummy { get; }

        public StepWorkspace Workspace { get; }

        public ForwardNetworkProblem Forward { get; }

        public MgritSolver<StateVector> ForwardSolver { get; }

        public AdjointNetworkProblem Adjoint { get; }

        public MgritSolver<StateVector> AdjointSolver { get; }
    }
}
