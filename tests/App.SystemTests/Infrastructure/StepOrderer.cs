using Xunit.Abstractions;
using Xunit.Sdk;

namespace App.SystemTests.Infrastructure;

/// <summary>Orders the facts of one class by their <see cref="StepAttribute"/>: the later steps kill processes and stop the app.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "App.SystemTests.Infrastructure.StepOrderer";
    public const string AssemblyName = "App.SystemTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases
            .OrderBy(t => StepOf(t))
            .ThenBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);

    private static int StepOf(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName)
            .Select(a => (int)a.GetConstructorArguments().Single())
            .DefaultIfEmpty(int.MaxValue)
            .Single();
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int number) : Attribute
{
    public int Number => number;
}
