package dev.unrip.nearintents.execute;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camel's JDBC idempotent repository on the Agroal datasource (PostgreSQL), keyed on command_id,
 * and the transaction template it runs in. A CDI producer rather than a YAML bean: the repository
 * needs the three-argument constructor with a transaction template, which the YAML bean factory
 * cannot pick (STACK-NOTES).
 *
 * <p>The template is shared with {@link ExecutionStore}: when the executor calls the repository
 * inside {@link ExecutionStore#inTransaction}, the repository's own transaction joins the open one
 * (propagation REQUIRED), so a whole batch of commands is marked seen and recorded RECEIVED in one
 * commit.
 */
public class IdempotencyBeans {

    @Produces
    @Singleton
    @Named("executorTransactions")
    TransactionTemplate executorTransactions(DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Produces
    @Singleton
    @Named("executorIdempotentRepository")
    JdbcMessageIdRepository executorIdempotentRepository(
            @Named("executorTransactions") TransactionTemplate transactions) {
        // The manager's own datasource: Spring finds a transaction's connection by this very object.
        JdbcMessageIdRepository repository =
                new JdbcMessageIdRepository(dataSource(transactions), transactions, "near-intents-execute");
        repository.setCreateTableIfNotExists(false); // created by the Flyway migration V1
        return repository;
    }

    static DataSource dataSource(TransactionTemplate transactions) {
        return ((DataSourceTransactionManager) transactions.getTransactionManager()).getDataSource();
    }
}
