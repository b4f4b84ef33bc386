# The API generations every cmdlet's tests run against, as Pester -ForEach data:
#     Describe 'Remove-RAAgent on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) { ... }
# and in its BeforeAll: $api = New-TestApi $Generation $server; Connect-TestServer $api
@{ Generation = 'Namespaced' }
@{ Generation = 'V1' }
