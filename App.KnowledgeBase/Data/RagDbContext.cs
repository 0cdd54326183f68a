using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.KnowledgeBase.Data;

public sealed class RagDbContext(DbContextOptions<RagDbContext> options) : TenantScopedDbContext<RagDbContext>(options)
{
    public const string MigrationsHistoryTable = "__rag_migrations";

    public DbSet<Collection> Collections => Set<Collection>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<DocumentText> DocumentTexts => Set<DocumentText>();

    public DbSet<ChunkRecord> Chunks => Set<ChunkRecord>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationTurn> ConversationTurns => Set<ConversationTurn>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Collection>(e =>
        {
            e.ToTable("rag_collections");
            e.HasKey(c => c.Id);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Description).HasMaxLength(2000);
            e.HasIndex(c => c.TenantId);
            e.HasQueryFilter(c => c.TenantId == TenantScope);
        });

        modelBuilder.Entity<Document>(e =>
        {
            e.ToTable("rag_documents");
            e.HasKey(d => d.Id);
            e.Property(d => d.FileName).HasMaxLength(400);
            e.Property(d => d.Title).HasMaxLength(400);
            e.Property(d => d.Format).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.ContentHash).HasMaxLength(64);
            e.Property(d => d.BlobKey).HasMaxLength(64);
            e.Property(d => d.Tags).HasMaxLength(2000);
            e.Property(d => d.EmbeddingModel).HasMaxLength(200);
            e.Property(d => d.FailedStep).HasMaxLength(16);
            e.Property(d => d.FailureReason).HasMaxLength(2000);
            e.HasIndex(d => new { d.CollectionId, d.ContentHash }).IsUnique();
            e.HasOne<Collection>().WithMany().HasForeignKey(d => d.CollectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(d => d.TenantId == TenantScope);
        });

        modelBuilder.Entity<DocumentText>(e =>
        {
            e.ToTable("rag_document_texts");
            e.HasKey(t => t.DocumentId);
            e.HasOne<Document>().WithOne().HasForeignKey<DocumentText>(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(t => t.TenantId == TenantScope);
        });

        modelBuilder.Entity<ChunkRecord>(e =>
        {
            e.ToTable("rag_chunks");
            e.HasKey(c => c.Id);
            e.Property(c => c.HeadingPath).HasMaxLength(1000);
            e.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
            e.HasIndex(c => c.CollectionId);
            e.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(c => c.TenantId == TenantScope);
        });

        modelBuilder.Entity<Conversation>(e =>
        {
            e.ToTable("rag_conversations");
            e.HasKey(c => c.Id);
            e.Property(c => c.UserId).HasMaxLength(256);
            e.HasIndex(c => new { c.TenantId, c.UserId });
            e.HasOne<Collection>().WithMany().HasForeignKey(c => c.CollectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(c => c.TenantId == TenantScope);
        });

        modelBuilder.Entity<ConversationTurn>(e =>
        {
            e.ToTable("rag_conversation_turns");
            e.HasKey(t => t.Id);
            e.HasIndex(t => new { t.ConversationId, t.Ordinal }).IsUnique();
            e.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(t => t.TenantId == TenantScope);
        });

        SnakeCaseNames.Apply(modelBuilder);
    }
}
