using App.Data.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Rag.Data.Migrations;

/// <summary>
/// Written by hand: the feed has no EF Core Design package to scaffold it. Column types are left to the provider
/// except timestamps, which SQLite stores as integer microseconds (see <see cref="RagDbContext"/>).
/// </summary>
[DbContext(typeof(RagDbContext))]
[Migration("20261122100000_InitialRagSchema")]
public sealed class InitialRagSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var timestamp = ColumnTypes.Timestamp(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "rag_collections",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(maxLength: 200, nullable: false),
                description = table.Column<string>(maxLength: 2000, nullable: true),
                index_version = table.Column<long>(nullable: false),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_rag_collections", x => x.id));

        migrationBuilder.CreateTable(
            name: "rag_documents",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                collection_id = table.Column<Guid>(nullable: false),
                file_name = table.Column<string>(maxLength: 400, nullable: false),
                title = table.Column<string>(maxLength: 400, nullable: true),
                format = table.Column<string>(maxLength: 16, nullable: false),
                content_hash = table.Column<string>(maxLength: 64, nullable: false),
                size_bytes = table.Column<long>(nullable: false),
                blob_key = table.Column<string>(maxLength: 64, nullable: false),
                tags = table.Column<string>(maxLength: 2000, nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
                extracted_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                chunked_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                embedded_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                embedding_model = table.Column<string>(maxLength: 200, nullable: true),
                indexed_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                failed_step = table.Column<string>(maxLength: 16, nullable: true),
                failure_reason = table.Column<string>(maxLength: 2000, nullable: true),
                attempts = table.Column<int>(nullable: false),
                chunk_count = table.Column<int>(nullable: false),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_rag_documents", x => x.id);
                table.ForeignKey("FK_rag_documents_rag_collections_collection_id", x => x.collection_id, "rag_collections", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "rag_document_texts",
            columns: table => new
            {
                document_id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                text = table.Column<string>(nullable: false),
                pages_json = table.Column<string>(nullable: false),
                headings_json = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_rag_document_texts", x => x.document_id);
                table.ForeignKey("FK_rag_document_texts_rag_documents_document_id", x => x.document_id, "rag_documents", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "rag_chunks",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                collection_id = table.Column<Guid>(nullable: false),
                document_id = table.Column<Guid>(nullable: false),
                ordinal = table.Column<int>(nullable: false),
                start_offset = table.Column<int>(nullable: false),
                end_offset = table.Column<int>(nullable: false),
                page = table.Column<int>(nullable: false),
                heading_path = table.Column<string>(maxLength: 1000, nullable: false),
                text = table.Column<string>(nullable: false),
                embedding = table.Column<byte[]>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_rag_chunks", x => x.id);
                table.ForeignKey("FK_rag_chunks_rag_documents_document_id", x => x.document_id, "rag_documents", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "rag_conversations",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<string>(maxLength: 256, nullable: false),
                collection_id = table.Column<Guid>(nullable: false),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_rag_conversations", x => x.id);
                table.ForeignKey("FK_rag_conversations_rag_collections_collection_id", x => x.collection_id, "rag_collections", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "rag_conversation_turns",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                conversation_id = table.Column<Guid>(nullable: false),
                ordinal = table.Column<int>(nullable: false),
                protected_question = table.Column<string>(nullable: false),
                protected_answer = table.Column<string>(nullable: false),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_rag_conversation_turns", x => x.id);
                table.ForeignKey("FK_rag_conversation_turns_rag_conversations_conversation_id", x => x.conversation_id, "rag_conversations", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_rag_collections_tenant_id", "rag_collections", "tenant_id");
        migrationBuilder.CreateIndex("IX_rag_documents_collection_id_content_hash", "rag_documents", ["collection_id", "content_hash"], unique: true);
        migrationBuilder.CreateIndex("IX_rag_chunks_document_id_ordinal", "rag_chunks", ["document_id", "ordinal"], unique: true);
        migrationBuilder.CreateIndex("IX_rag_chunks_collection_id", "rag_chunks", "collection_id");
        migrationBuilder.CreateIndex("IX_rag_conversations_tenant_id_user_id", "rag_conversations", ["tenant_id", "user_id"]);
        migrationBuilder.CreateIndex("IX_rag_conversations_collection_id", "rag_conversations", "collection_id");
        migrationBuilder.CreateIndex("IX_rag_conversation_turns_conversation_id_ordinal", "rag_conversation_turns", ["conversation_id", "ordinal"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("rag_conversation_turns");
        migrationBuilder.DropTable("rag_conversations");
        migrationBuilder.DropTable("rag_chunks");
        migrationBuilder.DropTable("rag_document_texts");
        migrationBuilder.DropTable("rag_documents");
        migrationBuilder.DropTable("rag_collections");
    }
}
