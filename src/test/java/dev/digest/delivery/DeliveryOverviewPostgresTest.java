package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import dev.digest.store.Database;
import dev.digest.store.Dialect;
import dev.digest.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * {@link DeliveryOverviewCases} on PostgreSQL, in a schema of its own; skipped without a server.
 */
class DeliveryOverviewPostgresTest extends DeliveryOverviewCases {

  String schema;

  @Override
  DeliveryFixture open() throws SQLException {
    LocalPostgres.assumeReachable();
    schema =
        "t"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(LocalPostgres.URL, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    DeliveryFixture fixture =
        new DeliveryFixture(
            Database.open(
                new DatabaseSettings(
                    LocalPostgres.URL + "?currentSchema=" + schema, "postgres", "")));
    assertThat(fixture.db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    return fixture;
  }

  @Override
  void dispose() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(LocalPostgres.URL, "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
