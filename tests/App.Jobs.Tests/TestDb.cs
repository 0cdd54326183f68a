namespace App.Jobs.Tests;

public enum TestDb
{
    Sqlite,
    PostgreSql,
}
