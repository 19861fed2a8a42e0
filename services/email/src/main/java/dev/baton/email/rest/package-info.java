/** HTTP resources and exception mappers: the deployable's API. */
package dev.baton.email.rest;
