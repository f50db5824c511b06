package dev.provisioning.benchmarks.load;

import dev.provisioning.worker.account.EntityIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the request stream of a CPaaS platform: sign-ups with credited billing accounts first,
 * then a mix dominated by usage records with a Zipf-skewed choice of account, interleaved with ASP
 * onboarding bursts, new sign-ups, relinks of projects between billing accounts and top-ups.
 *
 * <p>Every request gets a new requestId {@code ld-<sequence>}, so none is an idempotent replay.
 * Requests of one account are generated in the order they must be applied: a usage record that
 * names a subproject always follows that subproject's creation. Not thread-safe: one sender thread
 * owns it.
 */
final class Workload {
    /** Share of each request type in the mixed stream, as cumulative bounds. */
    static final double USAGE_SHARE = 0.82;

    static final double ONBOARDING_SHARE = 0.08;
    static final double SIGN_UP_SHARE = 0.05;
    static final double RELINK_SHARE = 0.03;

    /** Clients an ASP onboards in one burst before another ASP starts one. */
    static final int CLIENTS_PER_ONBOARDING_BURST = 25;

    /** Top-up of every prepaid billing account at setup, far above what the run charges. */
    static final String SETUP_CREDIT = "100000.00";

    private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "USD", "USD", "GBP"};
    private static final String[] USAGE_AMOUNTS = {"0.0075", "0.0120", "0.0450", "0.3000"};
    private static final String[] PRODUCTS = {"sms.outbound", "sms.inbound", "voice.minute"};

    private final SplittableRandom random;
    private final List<Account> accounts = new ArrayList<>();
    private final ZipfSampler zipf;
    private final int relinkAccounts;
    private final int aspAccounts;
    private long nextSequence;
    private Account onboardingAsp;
    private int onboardingLeft;

    /**
     * Creates the accounts of the run; {@link #setup()} then returns their sign-up requests.
     *
     * @param accountPrefix first characters of every account id, so two workloads never share one
     */
    Workload(
            String accountPrefix,
            int accountCount,
            double zipfExponent,
            long seed,
            long firstSequence) {
        this.random = new SplittableRandom(seed);
        this.zipf = new ZipfSampler(accountCount, zipfExponent);
        this.relinkAccounts = Math.max(1, accountCount / 10);
        this.aspAccounts = Math.max(1, Math.min(100, accountCount / 20));
        this.nextSequence = firstSequence;
        for (int i = 0; i < accountCount; i++) {
            String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
            boolean prepaid = random.nextDouble() < 0.7;
            accounts.add(new Account(accountPrefix + i, currency, prepaid));
        }
    }

    ZipfSampler zipf() {
        return zipf;
    }

    /** Returns the requests that sign up every account, credit it and give it two clients. */
    List<Request> setup() {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            requests.add(signUp(account));
            if (account.prepaid) {
                requests.add(credit(account, account.billingAccountId, SETUP_CREDIT));
            }
            if (i < relinkAccounts) {
                requests.add(secondBillingAccount(account));
                if (account.prepaid) {
                    requests.add(credit(account, account.secondBillingAccountId, SETUP_CREDIT));
                }
            }
            requests.add(subprojectCreate(account));
            requests.add(subprojectCreate(account));
        }
        return requests;
    }

    /** Returns the next request of the mixed stream. */
    Request next() {
        double draw = random.nextDouble();
        if (draw < USAGE_SHARE) {
            return usage(accounts.get(zipf.next(random)));
        }
        draw -= USAGE_SHARE;
        if (draw < ONBOARDING_SHARE) {
            return onboardingClient();
        }
        draw -= ONBOARDING_SHARE;
        if (draw < SIGN_UP_SHARE) {
            String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
            return signUp(new Account(accounts.get(0).id + "-new-" + nextSequence, currency, true));
        }
        draw -= SIGN_UP_SHARE;
        if (draw < RELINK_SHARE) {
            return relink(accounts.get(random.nextInt(relinkAccounts)));
        }
        Account account = accounts.get(random.nextInt(accounts.size()));
        if (!account.prepaid) {
            return usage(account);
        }
        return credit(account, account.linkedBillingAccountId(), "50.00");
    }

    /** Returns a new ASP account, not yet signed up, for an onboarding burst. */
    Account newAsp(String accountId) {
        return new Account(accountId, "EUR", true);
    }

    /** Returns the sequence the next generated request gets. */
    long nextSequence() {
        return nextSequence;
    }

    Request signUp(Account account) {
        long sequence = nextSequence++;
        String requestId = requestId(sequence);
        account.billingAccountId = EntityIds.billingAccount(account.id, requestId);
        account.projectId = EntityIds.project(account.id, requestId);
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"account.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"displayName":"Customer %s",\
                "billingAccount":{"kind":"%s","currency":"%s","payer":{"name":"Payer %s",\
                "address":"1 Main Street, Springfield","taxId":"TAX-%s"}},\
                "project":{"displayName":"Default"}}}"""
                        .formatted(
                                requestId,
                                account.id,
                                account.id,
                                account.prepaid ? "PREPAID" : "POSTPAID",
                                account.currency,
                                account.id,
                                sequence);
        return request(sequence, account, json);
    }

    /** Returns the creation of one client subproject under the account's first project. */
    Request subprojectCreate(Account account) {
        long sequence = nextSequence++;
        String requestId = requestId(sequence);
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"subproject.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"parentProjectId":"%s",\
                "displayName":"Client %s","externalRef":"client-%s","labels":{"tier":"gold"}}}"""
                        .formatted(requestId, account.id, account.projectId, sequence, sequence);
        account.subprojectIds.add(EntityIds.subproject(account.id, requestId));
        return request(sequence, account, json);
    }

    private Request onboardingClient() {
        if (onboardingLeft == 0) {
            onboardingAsp = accounts.get(random.nextInt(aspAccounts));
            onboardingLeft = CLIENTS_PER_ONBOARDING_BURST;
        }
        onboardingLeft--;
        return subprojectCreate(onboardingAsp);
    }

    private Request usage(Account account) {
        long sequence = nextSequence++;
        boolean onSubproject = !account.subprojectIds.isEmpty() && random.nextDouble() < 0.7;
        String target =
                onSubproject
                        ? "\"subprojectId\":\""
                                + account.subprojectIds.get(
                                        random.nextInt(account.subprojectIds.size()))
                                + "\""
                        : "\"projectId\":\"" + account.projectId + "\"";
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"usage.record",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"usageId":"u-%s",%s,\
                "amount":"%s","currency":"%s","quantity":1,"product":"%s"}}"""
                        .formatted(
                                requestId(sequence),
                                account.id,
                                sequence,
                                target,
                                USAGE_AMOUNTS[random.nextInt(USAGE_AMOUNTS.length)],
                                account.currency,
                                PRODUCTS[random.nextInt(PRODUCTS.length)]);
        return request(sequence, account, json);
    }

    private Request credit(Account account, String billingAccountId, String amount) {
        long sequence = nextSequence++;
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s",\
                "type":"billing-account.credit","issuedAt":"2026-12-04T10:00:00Z",\
                "payload":{"billingAccountId":"%s","amount":"%s","currency":"%s"}}"""
                        .formatted(
                                requestId(sequence),
                                account.id,
                                billingAccountId,
                                amount,
                                account.currency);
        return request(sequence, account, json);
    }

    private Request secondBillingAccount(Account account) {
        long sequence = nextSequence++;
        String requestId = requestId(sequence);
        account.secondBillingAccountId = EntityIds.billingAccount(account.id, requestId);
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s",\
                "type":"billing-account.create","issuedAt":"2026-12-04T10:00:00Z",\
                "payload":{"displayName":"Second","kind":"%s","currency":"%s",\
                "payer":{"name":"Payer %s","address":"2 Side Street","taxId":"TAX-B-%s"}}}"""
                        .formatted(
                                requestId,
                                account.id,
                                account.prepaid ? "PREPAID" : "POSTPAID",
                                account.currency,
                                account.id,
                                sequence);
        return request(sequence, account, json);
    }

    private Request relink(Account account) {
        long sequence = nextSequence++;
        account.linkedToSecond = !account.linkedToSecond;
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s",\
                "type":"project.link-billing-account","issuedAt":"2026-12-04T10:00:00Z",\
                "payload":{"projectId":"%s","billingAccountId":"%s"}}"""
                        .formatted(
                                requestId(sequence),
                                account.id,
                                account.projectId,
                                account.linkedBillingAccountId());
        return request(sequence, account, json);
    }

    /** Returns the first account of the Zipf ranking, which receives the most usage. */
    Account hottestAccount() {
        return accounts.get(0);
    }

    static String requestId(long sequence) {
        return "ld-" + sequence;
    }

    private static Request request(long sequence, Account account, String json) {
        return new Request(sequence, account.id, json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the generator remembers of one account, to write requests that its state accepts. */
    static final class Account {
        final String id;
        final String currency;
        final boolean prepaid;
        final List<String> subprojectIds = new ArrayList<>();
        String billingAccountId;
        String secondBillingAccountId;
        String projectId;
        boolean linkedToSecond;

        Account(String id, String currency, boolean prepaid) {
            this.id = id;
            this.currency = currency;
            this.prepaid = prepaid;
        }

        String linkedBillingAccountId() {
            return linkedToSecond ? secondBillingAccountId : billingAccountId;
        }
    }
}
