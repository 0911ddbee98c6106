package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.store.Dialect;
import dev.digest.testing.TestDatabase;

/**
 * {@link DeliveryOverviewCases} on PostgreSQL, in a schema of its own ({@link TestDatabase});
 * skipped without a server.
 */
class DeliveryOverviewPostgresTest extends DeliveryOverviewCases {

  @Override
  DeliveryFixture open() {
    DeliveryFixture fixture = DeliveryFixture.of(TestDatabase.Kind.POSTGRESQL);
    assertThat(fixture.db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    return fixture;
  }
}
