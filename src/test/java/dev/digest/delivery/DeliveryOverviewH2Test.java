package dev.digest.delivery;

/** {@link DeliveryOverviewCases} on H2 in memory. */
class DeliveryOverviewH2Test extends DeliveryOverviewCases {

  @Override
  DeliveryFixture open() {
    return DeliveryFixture.h2();
  }
}
