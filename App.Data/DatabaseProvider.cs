namespace App.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
