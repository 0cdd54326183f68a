namespace App.Identity.Tests.Support;

public enum Db
{
    Sqlite,
    PostgreSql,
}
