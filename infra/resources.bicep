// The distributed mode on Azure Container Apps: PostgreSQL for data and the job queue, one container app per service.
// Only the gateway has external ingress; the services reach each other by app name inside the environment, injected
// with the same Aspire conventions the local AppHost uses (services__<name>__http__0, ConnectionStrings__appdb).
param location string
param tags object
@secure()
param postgresAdminPassword string
@secure()
param internalSigningKey string

var token = uniqueString(resourceGroup().id)
var postgresAdmin = 'appadmin'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${token}'
  location: location
  tags: tags
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'acr${token}'
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, 'acrpull')
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${token}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' = {
  name: 'psql-${token}'
  location: location
  tags: tags
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2023-06-01-preview' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource appdb 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-06-01-preview' = {
  parent: postgres
  name: 'appdb'
}

var appdbConnection = 'Host=${postgres.properties.fullyQualifiedDomainName};Database=appdb;Username=${postgresAdmin};Password=${postgresAdminPassword};SSL Mode=Require'

var services = [
  { name: 'api', external: false, env: [] }
  { name: 'rag', external: false, env: [] }
  { name: 'worker', external: false, env: [] }
  {
    name: 'gateway'
    external: true
    env: [
      { name: 'services__api__http__0', value: 'http://api' }
      { name: 'services__rag__http__0', value: 'http://rag' }
      { name: 'services__worker__http__0', value: 'http://worker' }
    ]
  }
]

resource apps 'Microsoft.App/containerApps@2024-03-01' = [for service in services: {
  name: service.name
  location: location
  tags: union(tags, { 'azd-service-name': service.name })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: service.external
        targetPort: 8080
        transport: 'http'
        allowInsecure: !service.external
      }
      registries: [{ server: registry.properties.loginServer, identity: identity.id }]
      secrets: [
        { name: 'appdb', value: appdbConnection }
        { name: 'internal-signing-key', value: internalSigningKey }
      ]
    }
    template: {
      containers: [{
        name: service.name
        // azd replaces the image on deploy; this placeholder lets the first provision succeed.
        image: 'mcr.microsoft.com/dotnet/samples:aspnetapp'
        resources: { cpu: json('0.5'), memory: '1Gi' }
        env: concat([
          { name: 'ConnectionStrings__appdb', secretRef: 'appdb' }
          { name: 'Identity__InternalSigningKey', secretRef: 'internal-signing-key' }
          { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
          { name: 'OTEL_SERVICE_NAME', value: service.name }
        ], service.env)
        probes: [
          { type: 'Liveness', httpGet: { path: '/alive', port: 8080 } }
          { type: 'Readiness', httpGet: { path: '/health', port: 8080 } }
        ]
      }]
      scale: { minReplicas: 1, maxReplicas: 3 }
    }
  }
  dependsOn: [acrPull]
}]

output registryLoginServer string = registry.properties.loginServer
output environmentId string = environment.id
output gatewayUrl string = 'https://${apps[3].properties.configuration.ingress.fqdn}'
