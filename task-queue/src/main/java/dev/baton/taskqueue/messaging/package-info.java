/** Event listeners and publishers (CloudEvents on RabbitMQ). */
package dev.baton.taskqueue.messaging;
