namespace LayerParallel.Networks.Data;

/// <summary>A training set and the validation (or test) set that goes with it.</summary>
/// <param name="Training">Samples the optimizer sees.</param>
/// <param name="Validation">Samples used only for evaluation.</param>
public sealed record DatasetSplit(Dataset Training, Dataset Validation);
