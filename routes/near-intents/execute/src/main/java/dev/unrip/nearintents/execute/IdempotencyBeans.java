package dev.unrip.nearintents.execute;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camel's JDBC idempotent repository on the Agroal datasource (PostgreSQL), keyed on command_id.
 * A CDI producer rather than a YAML bean: the repository needs the three-argument constructor with
 * a transaction template, which the YAML bean factory cannot pick (STACK-NOTES).
 */
public class IdempotencyBeans {

    @Produces
    @Singleton
    @Named("executorIdempotentRepository")
    JdbcMessageIdRepository executorIdempotentRepository(DataSource dataSource) {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, transactions, "near-intents-execute");
        repository.setCreateTableIfNotExists(false); // created by the Flyway migration V1
        return repository;
    }
}
