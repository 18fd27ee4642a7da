import GRDB

/// The `usage_log` table behind analytics: one row per tool call, search or language-model exchange.
enum UsageLogSchema {
    /// Creates the table; registered as the `analytics-usage-log` migration.
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            -- Plain fields only; no argument values (a filter is kept as its shape).
            CREATE TABLE usage_log (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('tool_call', 'search', 'language_model')),
                tool TEXT NOT NULL,
                principal TEXT NOT NULL,
                started_at TEXT NOT NULL,
                duration_ms REAL NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'cancelled')),
                error_code INTEGER,
                search_type TEXT,
                filter_shape TEXT,
                result_count INTEGER,
                provider TEXT,
                prompt_tokens INTEGER,
                completion_tokens INTEGER
            );
            CREATE INDEX usage_log_started_at ON usage_log(started_at);
            """)
    }
}
