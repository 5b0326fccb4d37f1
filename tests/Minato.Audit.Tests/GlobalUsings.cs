global using Minato.Testing;
global using Xunit;
