package dev.digest.app;

import dev.digest.delivery.DeliveryOverviewRepository;
import dev.digest.delivery.DeliveryRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the web admin and /metrics read of delivery: tallies by state and the failed rows. The
 * queries are delivery's ({@link DeliveryOverviewRepository}); this only turns their rows into
 * app's records, because web may not import delivery.
 */
public final class DeliveryView {

  private final DeliveryRepository deliveries;
  private final DeliveryOverviewRepository overview;

  public DeliveryView(DeliveryRepository deliveries, DeliveryOverviewRepository overview) {
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    this.overview = Objects.requireNonNull(overview, "overview");
  }

  /** One edition's tally. */
  public DeliveryTally tally(long editionId) {
    return DeliveryTally.of(deliveries.counts(editionId));
  }

  /** The tally of each edition, in one query; an entry per id, in the order given. */
  public Map<Long, DeliveryTally> tallies(Collection<Long> editionIds) {
    Map<Long, DeliveryTally> out = new LinkedHashMap<>();
    overview.countsByEdition(editionIds).forEach((id, c) -> out.put(id, DeliveryTally.of(c)));
    return out;
  }

  /**
   * Up to {@code limit} rows of an edition that failed or carry an error, by subscriber id: the
   * database filters and limits, so a page never reads the whole audience.
   */
  public List<DeliveryLine> failures(long editionId, int limit) {
    List<DeliveryLine> out = new ArrayList<>();
    for (DeliveryRepository.Status s : overview.failures(editionId, limit)) {
      out.add(
          new DeliveryLine(
              s.email(), s.status(), s.attempts(), s.lastError() == null ? "" : s.lastError()));
    }
    return out;
  }
}
