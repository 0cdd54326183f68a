namespace App.Predictions.Tests.Infrastructure;

/// <summary>One AppHost for every system test here: its start-up dominates, and the tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PredictionsCollection : ICollectionFixture<PredictionsAppHost>
{
    public const string Name = "predictions";
}
