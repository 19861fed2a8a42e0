package dev.baton.analytics.rest;

import dev.baton.analytics.Granularity;
import dev.baton.analytics.repository.ReadModelRepository;
import dev.baton.analytics.service.ReadModelRebuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The query side of the read model, and its rebuild. Time windows are half-open: {@code [from, to)}. */
@Path("/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    /**
     * Revenue of one bucket: net = captured - refunded. {@code refunded}/{@code refunds} are customer refunds of
     * succeeded payments; refunds of failed payments (saga compensations: the money was captured, then given back)
     * never were revenue and are counted apart, as are refunds whose payment outcome has not arrived yet
     * ({@link dev.baton.analytics.RefundKind}).
     */
    public record RevenueBucket(OffsetDateTime bucketStart, String currency, long capturedMinor, long refundedMinor,
            long netMinor, int payments, int refunds, long compensationRefundedMinor, int compensationRefunds,
            long unmatchedRefundedMinor, int unmatchedRefunds) {
    }

    /** Refunds of failed payments (saga compensations) in a window: how many, and the amount per currency. */
    public record CompensationRefunds(long count, Map<String, Long> amountMinor) {
    }

    /** Payment outcomes in a window; approvalRate = succeeded / (succeeded + failed), null without payments. */
    public record Payments(long succeeded, long failed, BigDecimal approvalRate) {
    }

    /** Saga duration percentiles in milliseconds (discrete: each is a measured duration). */
    public record SagaDurations(String workflow, long runs, Long p50Millis, Long p90Millis, Long p99Millis,
            Long maxMillis) {
    }

    /** Everything but revenue, for one window. */
    public record Summary(OffsetDateTime from, OffsetDateTime to, Payments payments, Map<String, Long> failureReasons,
            CompensationRefunds compensationRefunds, Map<String, Long> fraudVerdicts, SagaDurations sagaDurations) {
    }

    /** The result of a rebuild. */
    public record Rebuilt(long eventsReplayed) {
    }

    private static final String BEGINNING = "1970-01-01T00:00:00Z";
    private static final String END = "9999-01-01T00:00:00Z";

    private final ReadModelRepository repository;
    private final ReadModelRebuilder rebuilder;

    public AnalyticsResource(ReadModelRepository repository, ReadModelRebuilder rebuilder) {
        this.repository = repository;
        this.rebuilder = rebuilder;
    }

    @GET
    @Path("/revenue")
    @Operation(summary = "Revenue per currency per hour or day (UTC buckets), oldest first")
    public Uni<List<RevenueBucket>> revenue(@QueryParam("granularity") @DefaultValue("DAY") Granularity granularity,
            @QueryParam("from") @DefaultValue(BEGINNING) OffsetDateTime from,
            @QueryParam("to") @DefaultValue(END) OffsetDateTime to,
            @QueryParam("currency") String currency) {
        return repository.revenue(granularity, from, to, currency).map(rows -> rows.stream()
                .map(r -> new RevenueBucket(r.bucketStart(), r.currency(), r.capturedMinor(), r.refundedMinor(),
                        r.capturedMinor() - r.refundedMinor(), r.payments(), r.refunds(),
                        r.compensationRefundedMinor(), r.compensationRefunds(), r.unmatchedRefundedMinor(),
                        r.unmatchedRefunds()))
                .toList());
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Approval rate, failure reasons, compensation refunds, fraud verdict mix and saga duration "
            + "percentiles")
    public Uni<Summary> summary(@QueryParam("from") @DefaultValue(BEGINNING) OffsetDateTime from,
            @QueryParam("to") @DefaultValue(END) OffsetDateTime to,
            @QueryParam("workflow") @DefaultValue("payment") String workflow) {
        return Uni.combine().all().unis(repository.outcomes(from, to), repository.failureReasons(from, to),
                        repository.compensationRefunds(from, to), repository.verdicts(from, to),
                        repository.sagaDurations(workflow, from, to))
                .with((outcomes, reasons, compensations, verdicts, durations) -> {
                    long ok = outcomes.getOrDefault("SUCCEEDED", 0L);
                    long failed = outcomes.getOrDefault("FAILED", 0L);
                    BigDecimal rate = ok + failed == 0 ? null
                            : BigDecimal.valueOf(ok).divide(BigDecimal.valueOf(ok + failed), 4, RoundingMode.HALF_EVEN);
                    var amounts = new LinkedHashMap<String, Long>();
                    compensations.forEach(t -> amounts.put(t.currency(), t.amountMinor()));
                    long count = compensations.stream().mapToLong(t -> t.count()).sum();
                    return new Summary(from, to, new Payments(ok, failed, rate), reasons,
                            new CompensationRefunds(count, amounts), verdicts,
                            new SagaDurations(workflow, durations.runs(), durations.p50(), durations.p90(),
                                    durations.p99(), durations.max()));
                });
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Rebuild the read model by replaying the event log")
    public Uni<Rebuilt> rebuild() {
        return rebuilder.rebuild().map(Rebuilt::new);
    }
}
