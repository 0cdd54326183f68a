using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.KnowledgeBase.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialRagSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rag_collections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    index_version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rag_collections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rag_conversations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rag_conversations", x => x.id);
                    table.ForeignKey(
                        name: "FK_rag_conversations_rag_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "rag_collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rag_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    blob_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    tags = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    extracted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    chunked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    embedded_at = table.Column<long>(type: "INTEGER", nullable: true),
                    embedding_model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    indexed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    failed_step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    chunk_count = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rag_documents", x => x.id);
                    table.ForeignKey(
                        name: "FK_rag_documents_rag_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "rag_collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rag_conversation_turns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    protected_question = table.Column<string>(type: "TEXT", nullable: false),
                    protected_answer = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rag_conversation_turns", x => x.id);
                    table.ForeignKey(
                        name: "FK_rag_conversation_turns_rag_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "rag_conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rag_chunks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    document_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    start_offset = table.Column<int>(type: "INTEGER", nullable: false),
                    end_offset = table.Column<int>(type: "INTEGER", nullable: false),
                    page = table.Column<int>(type: "INTEGER", nullable: false),
                    heading_path = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    embedding = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rag_chunks", x => x.id);
                    table.ForeignKey(
                        name: "FK_rag_chunks_rag_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "rag_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rag_document_texts",
                columns: table => new
                {
                    document_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    pages_json = table.Column<string>(type: "TEXT", nullable: false),
                    headings_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rag_document_texts", x => x.document_id);
                    table.ForeignKey(
                        name: "FK_rag_document_texts_rag_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "rag_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_rag_chunks_collection_id",
                table: "rag_chunks",
                column: "collection_id");

            migrationBuilder.CreateIndex(
                name: "IX_rag_chunks_document_id_ordinal",
                table: "rag_chunks",
                columns: new[] { "document_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rag_collections_tenant_id",
                table: "rag_collections",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "IX_rag_conversation_turns_conversation_id_ordinal",
                table: "rag_conversation_turns",
                columns: new[] { "conversation_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rag_conversations_collection_id",
                table: "rag_conversations",
                column: "collection_id");

            migrationBuilder.CreateIndex(
                name: "IX_rag_conversations_tenant_id_user_id",
                table: "rag_conversations",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_rag_documents_collection_id_content_hash",
                table: "rag_documents",
                columns: new[] { "collection_id", "content_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rag_chunks");

            migrationBuilder.DropTable(
                name: "rag_conversation_turns");

            migrationBuilder.DropTable(
                name: "rag_document_texts");

            migrationBuilder.DropTable(
                name: "rag_conversations");

            migrationBuilder.DropTable(
                name: "rag_documents");

            migrationBuilder.DropTable(
                name: "rag_collections");
        }
    }
}
